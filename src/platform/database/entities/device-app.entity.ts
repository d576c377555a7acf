import { Entity, PrimaryColumn } from 'typeorm';

/** The link "this device has this app version installed". */
@Entity('device_app')
export class DeviceApp {
  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 36 })
  deviceId!: string;

  @PrimaryColumn({ name: 'app_catalog_id', type: 'integer' })
  appCatalogId!: number;
}
