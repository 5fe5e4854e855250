import { dosageLengthRule } from './dosage-length.js';

/** BV-00308 "Dosage.patientInstruction dataType SHALL have a maximum length of 4000 English Characters and 2000 Arabic Characters". */
export const BV_00308 = dosageLengthRule('BV-00308', 'patientInstruction');
