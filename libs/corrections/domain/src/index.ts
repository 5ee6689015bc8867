export * from './correction-notice';
export * from './requesters';
