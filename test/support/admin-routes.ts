import { INestApplication, RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { AdminAuthGuard } from '../../src/platform/auth/admin-auth.guard';

/**
 * Every route guarded by AdminAuthGuard, as `METHOD /path` with Nest's `:param` patterns, read from
 * the controllers' metadata: the matrix tests compare it with their table, so that a new admin route
 * cannot go untested.
 */
export function registeredAdminRoutes(app: INestApplication): string[] {
  const routes: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller) continue;
      const guards = (Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as unknown[];
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const handlerGuards = (Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[];
        if (![...guards, ...handlerGuards].includes(AdminAuthGuard)) continue;
        for (const prefix of prefixes) {
          const full = `/${[prefix, path].filter((part) => part && part !== '/').join('/')}`;
          routes.push(`${RequestMethod[method]} ${full}`);
        }
      }
    }
  }
  return [...new Set(routes)].sort();
}
