import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type RawServerDefault, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { AppError, pickLocale, toProblem, type FieldError, type Locale } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { httpMetrics } from '../metrics.ts';

export interface RequestContext {
  requestId: string;
  locale: Locale;
  ip: string;
  userAgent: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    rawBody?: Buffer;
  }
  interface FastifyInstance {
    routeTable: { method: string; url: string }[];
  }
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface HttpOptions {
  logger: Logger;
  bodyLimit: number;
  publicUrl: string;
  version: string;
  trustProxy: string;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const locale = req.ctx?.locale ?? pickLocale(req.headers['accept-language']);
  if (err.headers) reply.headers(err.headers);
  return reply
    .code(err.status)
    .type('application/problem+json; charset=utf-8')
    .send(toProblem(err, locale, req.id, req.url.split('?')[0]));
}

/** Builds the HTTP server frame: parsing, errors as problem+json, security headers, OpenAPI, metrics. */
export async function createHttpServer(opts: HttpOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: opts.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    trustProxy: opts.trustProxy === 'true' ? true : opts.trustProxy === 'false' ? false : opts.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  // Every registered route, for the OpenAPI completeness and tenant-isolation tests.
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.addHook('onRequest', async (req, reply) => {
    req.ctx = {
      requestId: req.id,
      locale: pickLocale(req.headers['accept-language']),
      ip: req.ip,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
    };
    reply.header('x-request-id', req.id);
  });
  httpMetrics(app);
  app.addHook('onResponse', async (req, reply) => {
    if (req.url.startsWith('/assets/') || req.url === '/healthz' || req.url === '/metrics') return;
    // Accepted webhooks arrive by the thousand per second: they are counted in /metrics, logged at debug.
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode < 400 && req.url.startsWith('/webhooks/') ? 'debug' : 'info';
    req.log[level]({ method: req.method, url: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  // JSON bodies are kept raw as well: webhook signatures are computed over the exact bytes.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json$/,
    { parseAs: 'buffer', bodyLimit: opts.bodyLimit },
    (req, body: Buffer, done) => {
      req.rawBody = body;
      if (body.length === 0) return done(null, undefined);
      try {
        done(null, JSON.parse(body.toString('utf8')));
      } catch {
        done(new AppError('invalid_json'), undefined);
      }
    },
  );

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: opts.publicUrl.startsWith('https://'),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dayung API',
        description:
          'API Dayung — platform komunikasi publik dan pengaduan Pemprov Sumatera Barat. Errors are RFC 9457 problem+json; messages in Bahasa Indonesia by default, English with Accept-Language: en.',
        version: opts.version,
      },
      servers: [{ url: opts.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'dayung_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.setErrorHandler((error: FastifyError | AppError, req, reply) => {
    if (error instanceof AppError) return sendProblem(req, reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors: FieldError[] = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath.replaceAll('/', '.')}`.replace(/^\./, ''),
        message: v.message ?? 'invalid',
      }));
      return sendProblem(req, reply, new AppError('validation_failed', {}, { errors }));
    }
    const code = (error as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || (error as FastifyError).statusCode === 413) {
      return sendProblem(req, reply, new AppError('payload_too_large', { limit: formatBytes(opts.bodyLimit) }));
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(req, reply, new AppError('unsupported_media_type', { type: String(req.headers['content-type'] ?? '-') }));
    }
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return sendProblem(req, reply, new AppError('invalid_json'));
    }
    if ((error as FastifyError).statusCode === 429) return sendProblem(req, reply, new AppError('rate_limited'));
    if (isResponseSerializationError(error)) {
      req.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    } else {
      const status = (error as FastifyError).statusCode;
      if (status && status >= 400 && status < 500) {
        return sendProblem(req, reply, new AppError('bad_request', { reason: error.message }));
      }
      req.log.error({ err: error }, 'unhandled error');
    }
    return sendProblem(req, reply, new AppError('internal'));
  });

  return app;
}

export function notFoundProblem(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(req, reply, new AppError('route_not_found', { path: req.url.split('?')[0] ?? '/' }));
}
