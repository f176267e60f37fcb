/**
 * electron-store for tests: electron-store's own module imports `electron`, which cannot load
 * here, so tests swap in `conf`, the file store electron-store is a thin subclass of, given the
 * options the way electron-store passes them on. Settings are still read from and written to a
 * real file on disk.
 *
 *   vi.mock('electron-store', async () => (await import('./conf-store')).electronStoreModule);
 */
import Conf from 'conf';

class FileBackedStore extends Conf {
  constructor({ name, ...options }: { name?: string; cwd: string }) {
    super({ ...options, configName: name ?? 'config' });
  }
}

export const electronStoreModule = { default: FileBackedStore };
