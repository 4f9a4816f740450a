export { AccountService, type AccountServiceOptions } from './account-service.js';
export { type CertificateFields, certificateHash, issueCertificate, verifyCertificate } from './certificate.js';
