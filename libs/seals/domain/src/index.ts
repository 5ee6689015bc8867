export * from './seal';
export * from './signature';
export * from './registration';
export { SM2_DEFAULT_USER_ID, sm2Sign, sm2Verify, sm2Z, sm3Hash, sm2PointFromSpki, type Sm2Point, type Sm2Signature } from './sm2';
export * from './valuables';
export * from './specimen';
