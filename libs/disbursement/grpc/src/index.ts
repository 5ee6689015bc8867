export { disbursementGrpcService } from './disbursement-service';
