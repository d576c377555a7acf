// class-transformer's metadata (where @Type keeps nested classes) is exported at runtime from
// this path, while its types live under types/.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
