export { integrationConfig as default } from '../../../vitest.shared.ts';
