export { debtRedemptionGrpcService } from './debt-redemption-service';
