import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Test runs keep their own data directories, apart from `npm start`'s ./data. */
export const TEST_DATA_ROOT = path.join(PROJECT_ROOT, '.test-data');
