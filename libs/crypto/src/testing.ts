// For tests in other projects (`@acad/crypto/testing`): KMS answered with real wraps.
export { KmsStandIn } from './kms-stand-in';
