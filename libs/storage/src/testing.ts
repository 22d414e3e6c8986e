// For tests in other projects: an S3-compatible server on loopback (`@acad/storage/testing`).
export { startS3rver, type RunningS3rver } from './local-s3-server';
