import { ensureWebBuild } from '../../src/app/web-build.ts';

// Browser tests run against the production build: rebuild it first when web/ changed.
export default async function setup(): Promise<void> {
  await ensureWebBuild();
}
