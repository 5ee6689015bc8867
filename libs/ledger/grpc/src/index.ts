export { ledgerGrpcService } from './service';
