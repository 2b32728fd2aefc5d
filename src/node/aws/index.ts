/**
 * The Node-side AWS services the hosts call: live import of an account and the profile list for the
 * import dialog. Kept behind this one module so the hosts can load the (large) SDK lazily.
 */
export { importAwsAccount, AwsImportError, AWS_CALLS, REQUIRED_IAM_ACTIONS, type AwsImportOptions } from './aws-import';
export { listAwsProfiles, type AwsProfileFiles } from './aws-profiles';
