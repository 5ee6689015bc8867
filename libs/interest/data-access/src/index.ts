export { accumulationsFor, subjectsDisagreeing, type AccountAccumulation } from './accumulations';
