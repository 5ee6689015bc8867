export { refundGrpcService } from './refund-service';
