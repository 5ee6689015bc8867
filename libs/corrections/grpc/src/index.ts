export { correctionGrpcService } from './correction-service';
