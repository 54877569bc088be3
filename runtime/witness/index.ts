/** Witness files: format, commitment, signing, replay/verify and display (specs/witness.md). */
export { writeWitness, readWitness, checkIntegrity, sha3Hex, WitnessFormatError, WITNESS_MAGIC, WITNESS_VERSION, type WitnessFile, type WitnessHeader, type SigningKey, type IntegrityReport } from './format.ts';
export { verifyWitness, replay, compareRecordings, type VerifyReport, type Difference } from './verify.ts';
export { showWitness } from './show.ts';
export { witnessHeaderFor } from './header.ts';
