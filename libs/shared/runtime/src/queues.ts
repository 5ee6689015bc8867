/** The BullMQ queue the worker serves; the fault kit watches its schedules. */
export const OPERATIONS_QUEUE = 'jinku-operations';
