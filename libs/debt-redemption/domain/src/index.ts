export * from './bond-issue';
export * from './claim';
