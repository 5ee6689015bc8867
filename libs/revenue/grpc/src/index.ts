export { revenueGrpcService } from './revenue-service';
