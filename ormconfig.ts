import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/platform/config/config';
import { dataSourceOptions } from './src/platform/database/data-source-options';

/**
 * The TypeORM CLI's data source (`npm run typeorm -- migration:show|run|revert`), built from the same
 * configuration as the server (DATABASE_URL, DATA_DIR).
 */
export default new DataSource(dataSourceOptions(loadConfig().database));
