export { sealGrpcService } from './seal-service';
export { specimenGrpcService } from './specimen-service';
export { valuableGrpcService } from './valuable-service';
