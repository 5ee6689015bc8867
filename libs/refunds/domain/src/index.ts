export * from './authorities';
export * from './split';
export * from './refund-document';
