import { dosageLengthRule } from './dosage-length.js';

/** BV-00307 "Dosage.text dataType SHALL have a maximum length of 4000 English Characters and 2000 Arabic Characters". */
export const BV_00307 = dosageLengthRule('BV-00307', 'text');
