export { reconciliationGrpcService } from './reconciliation-service';
