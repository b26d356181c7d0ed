import { plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { isIP } from 'node:net';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * One entry per variable: validation, default and the description printed in `.env.example`.
 * Defaults work on a developer machine with PostgreSQL and Redis on localhost.
 */
export const ENVIRONMENT_DOCS: Record<string, { description: string; default?: string }> = {
  NODE_ENV: { description: 'development, production or test', default: 'development' },
  PORT: { description: 'HTTP port of the api', default: '3000' },
  APP_URL: { description: 'Public URL of the app, used in links and cookies', default: 'http://localhost:3000' },
  DATABASE_URL: { description: 'PostgreSQL connection URL', default: 'postgres://postgres@localhost:5432/equip' },
  DATABASE_READ_URL: { description: 'Optional read replica for reporting queries (defaults to DATABASE_URL); reports may lag the primary by its replay delay' },
  DATABASE_DIRECT_URL: {
    description:
      'Optional direct (unpooled, or session-pooled) PostgreSQL URL for the outbox relay\'s LISTEN connection, when DATABASE_URL goes through a transaction-pooling proxy such as PgBouncer (defaults to DATABASE_URL)',
  },
  REDIS_URL: { description: 'Redis connection URL (BullMQ queues, heartbeats, rate limits)', default: 'redis://localhost:6379' },
  QUEUE_PREFIX: { description: 'Prefix of every BullMQ and Redis key Equip writes', default: 'equip' },
  JWT_SECRET: {
    description: 'Secret that signs access tokens; at least 32 characters, required in production',
    default: 'equip-local-development-secret-change-me',
  },
  ACCESS_TOKEN_MINUTES: { description: 'Lifetime of an access token in minutes', default: '15' },
  REFRESH_TOKEN_DAYS: { description: 'Lifetime of a refresh token in days', default: '14' },
  REFRESH_REUSE_GRACE_SECONDS: {
    description:
      'A refresh token used again within this many seconds of its rotation (two tabs refreshing at once) gets a new token in the same session; used again later, it ends the session',
    default: '30',
  },
  SIGN_IN_FAILURES_PER_ADDRESS: {
    description: 'Failed sign-ins from one network address allowed per 15 minutes (successful ones are not counted)',
    default: '30',
  },
  COOKIE_SECURE: { description: 'Mark cookies Secure (defaults to true in production or when APP_URL is https)' },
  SMTP_URL: { description: 'SMTP server for outgoing mail; unset in development writes .eml files to MAIL_DIR' },
  MAIL_FROM: { description: 'From address of outgoing mail', default: 'Equip <no-reply@equip.localhost>' },
  MAIL_DIR: { description: 'Folder for .eml files when SMTP_URL is unset', default: '.local/mail' },
  CITY_NAME: { description: 'Name of the city or government, shown in the footer of every email', default: 'Demo City' },
  OFFICE_NAME: { description: 'Office that runs the training, shown in the footer of every email', default: 'Office of Race and Social Equity' },
  INVITATION_DAYS: { description: 'How many days an invitation link (set your password) works', default: '7' },
  PASSWORD_RESET_MINUTES: { description: 'How many minutes a password reset link works', default: '60' },
  INVITATIONS_PER_HOUR: {
    description: 'Invitation mails the city sends per hour at most; invitations past it wait (shown as waiting) and go out as the hour allows',
    default: '300',
  },
  OIDC_ISSUER_URL: {
    description: 'Single sign-on: OpenID Connect issuer URL (https, or http on localhost); unset with the other OIDC_ variables turns SSO off',
  },
  OIDC_CLIENT_ID: { description: 'Single sign-on: client id registered with the OpenID provider' },
  OIDC_CLIENT_SECRET: { description: 'Single sign-on: client secret registered with the OpenID provider' },
  OIDC_BUTTON_LABEL: { description: 'Single sign-on: text of the sign-in button (default "Sign in with single sign-on")' },
  OIDC_EMPLOYEE_ID_CLAIM: {
    description:
      'Single sign-on: name of the ID token (or userinfo) claim holding the employee id; when the provider sends it, it alone decides who signs in (email is used only when it is absent)',
  },
  CITY_TIME_ZONE: { description: 'IANA time zone of the city, for due dates and reminder times', default: 'America/New_York' },
  TRUST_PROXY: {
    description:
      'Which proxies may tell the api the client address (X-Forwarded-For): a hop count (1 = the one load balancer in front), or a comma-separated list of addresses, CIDR ranges and the words loopback, linklocal, uniquelocal',
    default: 'loopback',
  },
  LOG_LEVEL: { description: 'fatal, error, warn, info, debug or trace', default: 'info' },
  WEB_DIST: { description: 'Folder of the built web app that the api serves in production', default: 'dist/apps/web/browser' },
  WORKER_HEARTBEAT_SECONDS: { description: 'How often the worker writes its heartbeat', default: '10' },
  OUTBOX_POLL_SECONDS: { description: 'How often the worker polls the outbox besides LISTEN/NOTIFY', default: '10' },
  OUTBOX_RESEND_SECONDS: { description: 'Outbox rows handed to the queue but not done after this many seconds are sent again', default: '300' },
  FILE_STORAGE: {
    description:
      'Where certificates and other stored files are kept: postgres (in the database: every api and worker process reads them, and they are backed up with the data), s3 (an S3-compatible bucket, the S3_ settings) or local (the folder STORAGE_DIR on this machine: development only)',
    default: 'postgres',
  },
  STORAGE_DIR: { description: 'With FILE_STORAGE=local: the folder files are stored in', default: '.local/storage' },
  S3_BUCKET: { description: 'With FILE_STORAGE=s3: the bucket' },
  S3_REGION: { description: 'With FILE_STORAGE=s3: the region', default: 'us-east-1' },
  S3_ENDPOINT: { description: "With FILE_STORAGE=s3: an S3-compatible service's address; unset for AWS" },
  S3_FORCE_PATH_STYLE: { description: 'With FILE_STORAGE=s3: put the bucket in the path, not the host name (most S3-compatible services)', default: 'false' },
  S3_PREFIX: { description: 'With FILE_STORAGE=s3: a folder in the bucket for this installation' },
  S3_ACCESS_KEY_ID: { description: "With FILE_STORAGE=s3: access key; unset to use the SDK's own chain (environment, instance or task role)" },
  S3_SECRET_ACCESS_KEY: { description: 'With FILE_STORAGE=s3: the secret for S3_ACCESS_KEY_ID' },
  REMINDER_TIME: { description: 'City-local time (HH:MM) of the daily reminder sweep', default: '07:00' },
  REMINDER_DAYS_BEFORE: { description: 'Days before the due date that a reminder is sent, comma-separated', default: '14,7,1' },
  OVERDUE_REPEAT_DAYS: { description: 'Overdue reminders repeat every this many days', default: '7' },
  ESCALATE_AFTER_DAYS: { description: 'Overdue this many days escalates to the lead who assigned it', default: '14' },
  ROSTER_CONFIRM_ABOVE: {
    description: 'A roster import that would deactivate more people than this (or than ROSTER_CONFIRM_ABOVE_PERCENT of active staff, whichever is larger) needs the number typed back',
    default: '50',
  },
  ROSTER_CONFIRM_ABOVE_PERCENT: { description: 'The share of active staff, in percent, that a roster import may deactivate without a typed confirmation', default: '10' },
  ROSTER_FEED_DIR: { description: 'Scheduled roster feed: the folder the HR system drops its nightly roster files in, read by the worker; unset turns the feed off' },
  ROSTER_FEED_TIME: { description: 'Scheduled roster feed: the city-local time (HH:MM) the worker picks the files up', default: '02:30' },
  ROSTER_FEED_MODE: { description: 'Scheduled roster feed: full (each file is the whole roster; whoever is missing is deactivated) or changes-only', default: 'full' },
};

export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV!: 'development' | 'production' | 'test';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @Matches(/^https?:\/\/[^\s/]+(\/.*)?$/, { message: 'must be an http(s) URL such as http://localhost:3000' })
  APP_URL!: string;

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL such as postgres://postgres@localhost:5432/equip' })
  DATABASE_URL!: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_READ_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_DIRECT_URL?: string;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL such as redis://localhost:6379' })
  REDIS_URL!: string;

  @Matches(/^[a-z0-9][a-z0-9_-]*$/i, { message: 'must be letters, digits, - or _' })
  QUEUE_PREFIX!: string;

  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET!: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  ACCESS_TOKEN_MINUTES!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_DAYS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  REFRESH_REUSE_GRACE_SECONDS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SIGN_IN_FAILURES_PER_ADDRESS!: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  COOKIE_SECURE?: boolean;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM!: string;

  @IsString()
  MAIL_DIR!: string;

  @IsString()
  @MinLength(1)
  CITY_NAME!: string;

  @IsString()
  @MinLength(1)
  OFFICE_NAME!: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  INVITATION_DAYS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  PASSWORD_RESET_MINUTES!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  INVITATIONS_PER_HOUR!: number;

  @IsOptional()
  @Matches(/^(https:\/\/[^\s/]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?)(\/\S*)?$/, {
    message: 'must be an https:// URL (http:// only for localhost) such as https://login.example.gov/realms/city',
  })
  OIDC_ISSUER_URL?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  OIDC_BUTTON_LABEL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:/-]{1,100}$/, { message: 'must be a claim name such as employee_id' })
  OIDC_EMPLOYEE_ID_CLAIM?: string;

  @IsString()
  CITY_TIME_ZONE!: string;

  /** Checked by trustProxySetting, which names the entry it cannot read. */
  @IsString()
  TRUST_PROXY!: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL!: string;

  @IsString()
  WEB_DIST!: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  WORKER_HEARTBEAT_SECONDS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  OUTBOX_POLL_SECONDS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  OUTBOX_RESEND_SECONDS!: number;

  @IsIn(['postgres', 's3', 'local'])
  FILE_STORAGE!: 'postgres' | 's3' | 'local';

  @IsString()
  @MinLength(1)
  STORAGE_DIR!: string;

  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(63)
  S3_BUCKET?: string;

  @IsString()
  @MinLength(1)
  S3_REGION!: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http or https address' })
  S3_ENDPOINT?: string;

  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE!: boolean;

  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*\/?$/, { message: 'must be a folder name such as equip/ (letters, digits, . _ - and /)' })
  S3_PREFIX?: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a 24-hour time such as 07:00' })
  REMINDER_TIME!: string;

  @Matches(/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/, { message: 'must be whole numbers of days separated by commas, such as 14,7,1' })
  REMINDER_DAYS_BEFORE!: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  OVERDUE_REPEAT_DAYS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  ESCALATE_AFTER_DAYS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  ROSTER_CONFIRM_ABOVE!: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  ROSTER_CONFIRM_ABOVE_PERCENT!: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  ROSTER_FEED_DIR?: string;

  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a 24-hour time such as 02:30' })
  ROSTER_FEED_TIME!: string;

  @IsIn(['full', 'changes-only'])
  ROSTER_FEED_MODE!: 'full' | 'changes-only';
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  appUrl: string;
  databaseUrl: string;
  databaseReadUrl: string;
  /** For LISTEN (the outbox relay): a connection no transaction-pooling proxy shares. */
  databaseDirectUrl: string;
  redisUrl: string;
  queuePrefix: string;
  jwtSecret: string;
  accessTokenMinutes: number;
  refreshTokenDays: number;
  /** Seconds after a refresh token's rotation during which using it again is two tabs, not a theft. */
  refreshReuseGraceSeconds: number;
  /** Failed sign-ins allowed from one address per 15 minutes. */
  signInFailuresPerAddress: number;
  cookieSecure: boolean;
  smtpUrl?: string;
  mailFrom: string;
  mailDir: string;
  cityName: string;
  officeName: string;
  invitationDays: number;
  passwordResetMinutes: number;
  /** Invitation mails sent per hour at most, city-wide; the rest wait their turn. */
  invitationsPerHour: number;
  /** Single sign-on with OpenID Connect; undefined when the OIDC_ variables are unset. */
  oidc?: OidcConfig;
  cityTimeZone: string;
  /** Express's `trust proxy`: a hop count, or the addresses and ranges of trusted proxies. */
  trustProxy: number | string[];
  logLevel: string;
  webDist: string;
  workerHeartbeatSeconds: number;
  outboxPollSeconds: number;
  outboxResendSeconds: number;
  /** FILE_STORAGE=local's folder (STORAGE_DIR). */
  storageDir: string;
  fileStorage: FileStorageConfig;
  reminders: ReminderConfig;
  roster: RosterConfig;
}

export interface RosterConfig {
  /** An import deactivating more than the larger of these needs a typed confirmation. */
  confirmAbove: number;
  confirmAbovePercent: number;
  /** The scheduled feed's folder; null when there is no feed. */
  feedDir: string | null;
  /** City-local HH:MM the worker picks the feed's files up. */
  feedTime: string;
  feedMode: 'full' | 'changes-only';
}

/** Where stored files live (FILE_STORAGE and its settings); StorageModule builds the store from it. */
export type FileStorageConfig =
  | { kind: 'postgres' }
  | { kind: 'local' }
  | {
      kind: 's3';
      bucket: string;
      region: string;
      endpoint?: string;
      forcePathStyle: boolean;
      prefix?: string;
      credentials?: { accessKeyId: string; secretAccessKey: string };
    };

export interface ReminderConfig {
  /** City-local time of the daily sweep, HH:MM. */
  time: string;
  /** Days before the due date, largest first, e.g. [14, 7, 1]. */
  daysBefore: number[];
  overdueRepeatDays: number;
  escalateAfterDays: number;
}

export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  buttonLabel: string;
  /** The claim naming the employee id; when present in a sign-in, it alone matches the person. */
  employeeIdClaim?: string;
}

export const DEFAULT_SSO_LABEL = 'Sign in with single sign-on';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const TYPE_CONSTRAINTS = ['isInt', 'isBoolean', 'isIn', 'matches', 'isString'];

/**
 * Every JWT secret the repository ships (the development default here and in `.env.example`, the
 * try-it value of `docker-compose.try.yml`); `environment.spec.ts` finds each one in those files and
 * checks it is listed, so a new file cannot ship a secret production would accept.
 */
export const SHIPPED_JWT_SECRETS: readonly string[] = [
  ENVIRONMENT_DOCS['JWT_SECRET'].default as string,
  'compose-try-it-locally-jwt-secret-NOT-for-deploying',
];
/** Words that mark a placeholder somebody forgot to replace. */
const PLACEHOLDER_SECRET = /change[-_ ]?me|not[-_ ]for[-_ ]deploying|local[-_ ]only|example|placeholder/i;

function isShippedSecret(secret: string): boolean {
  return SHIPPED_JWT_SECRETS.includes(secret) || PLACEHOLDER_SECRET.test(secret);
}

function isIpRange(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry.toLowerCase())) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/** A hop count, or a list of IPv4/IPv6 addresses, CIDR ranges and express's named ranges. */
function trustProxySetting(value: string): number | string[] {
  const trimmed = value.trim();
  if (/^\d{1,2}$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !isIpRange(e));
  if (bad !== undefined) {
    throw new ConfigError(
      'TRUST_PROXY',
      `Configuration error: TRUST_PROXY must be a hop count such as 1, or addresses and CIDR ranges such as 10.0.0.0/8, loopback, linklocal, uniquelocal separated by commas (got "${value}")`,
    );
  }
  return entries;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates the environment. Throws a ConfigError naming the first bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, string | undefined> = {};
  for (const [name, doc] of Object.entries(ENVIRONMENT_DOCS)) {
    const value = source[name];
    raw[name] = value === undefined || value === '' ? doc.default : value;
  }
  const env = plainToInstance(Environment, raw);
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    // Say what kind of value is expected before any range, e.g. "must be an integer" for PORT=eighty.
    const constraints = first.constraints ?? {};
    const key = TYPE_CONSTRAINTS.find((k) => k in constraints) ?? Object.keys(constraints)[0];
    const problem = (key && constraints[key]) || 'is invalid';
    const shown = raw[first.property] === undefined ? 'it is not set' : `got "${raw[first.property]}"`;
    throw new ConfigError(
      first.property,
      `Configuration error: ${first.property} ${problem.replace(new RegExp(`^${first.property} `), '')} (${shown})`,
    );
  }
  if (!isTimeZone(env.CITY_TIME_ZONE)) {
    throw new ConfigError(
      'CITY_TIME_ZONE',
      `Configuration error: CITY_TIME_ZONE must be an IANA time zone such as America/New_York (got "${env.CITY_TIME_ZONE}")`,
    );
  }
  if (env.NODE_ENV === 'production' && isShippedSecret(env.JWT_SECRET)) {
    throw new ConfigError(
      'JWT_SECRET',
      'Configuration error: JWT_SECRET must be set to a private value of at least 32 characters in production (it is a default or placeholder the repository ships)',
    );
  }
  const oidc = oidcConfig(env);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    appUrl: env.APP_URL.replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL,
    databaseReadUrl: env.DATABASE_READ_URL ?? env.DATABASE_URL,
    databaseDirectUrl: env.DATABASE_DIRECT_URL ?? env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    jwtSecret: env.JWT_SECRET,
    accessTokenMinutes: env.ACCESS_TOKEN_MINUTES,
    refreshTokenDays: env.REFRESH_TOKEN_DAYS,
    refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
    signInFailuresPerAddress: env.SIGN_IN_FAILURES_PER_ADDRESS,
    cookieSecure: env.COOKIE_SECURE ?? (env.NODE_ENV === 'production' || env.APP_URL.startsWith('https://')),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    mailDir: env.MAIL_DIR,
    cityName: env.CITY_NAME,
    officeName: env.OFFICE_NAME,
    invitationDays: env.INVITATION_DAYS,
    passwordResetMinutes: env.PASSWORD_RESET_MINUTES,
    invitationsPerHour: env.INVITATIONS_PER_HOUR,
    ...(oidc ? { oidc } : {}),
    cityTimeZone: env.CITY_TIME_ZONE,
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL,
    webDist: env.WEB_DIST,
    workerHeartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
    outboxPollSeconds: env.OUTBOX_POLL_SECONDS,
    outboxResendSeconds: env.OUTBOX_RESEND_SECONDS,
    storageDir: env.STORAGE_DIR,
    fileStorage: fileStorageConfig(env),
    reminders: {
      time: env.REMINDER_TIME,
      daysBefore: [...new Set(env.REMINDER_DAYS_BEFORE.split(',').map((d) => Number(d.trim())))].sort((a, b) => b - a),
      overdueRepeatDays: env.OVERDUE_REPEAT_DAYS,
      escalateAfterDays: env.ESCALATE_AFTER_DAYS,
    },
    roster: {
      confirmAbove: env.ROSTER_CONFIRM_ABOVE,
      confirmAbovePercent: env.ROSTER_CONFIRM_ABOVE_PERCENT,
      feedDir: env.ROSTER_FEED_DIR ?? null,
      feedTime: env.ROSTER_FEED_TIME,
      feedMode: env.ROSTER_FEED_MODE,
    },
  };
}

/** FILE_STORAGE=s3 needs its bucket, and an access key comes with its secret. */
function fileStorageConfig(env: Environment): FileStorageConfig {
  if (env.FILE_STORAGE !== 's3') return { kind: env.FILE_STORAGE };
  if (!env.S3_BUCKET) throw new ConfigError('S3_BUCKET', 'Configuration error: S3_BUCKET must be set when FILE_STORAGE is s3');
  if (!env.S3_ACCESS_KEY_ID !== !env.S3_SECRET_ACCESS_KEY) {
    const missing = env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    throw new ConfigError(missing, `Configuration error: ${missing} must be set with ${missing === 'S3_SECRET_ACCESS_KEY' ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY'} (or unset both to use the SDK's own credentials)`);
  }
  return {
    kind: 's3',
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    prefix: env.S3_PREFIX,
    credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
  };
}

const OIDC_REQUIRED = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
const OIDC_VARIABLES = [...OIDC_REQUIRED, 'OIDC_BUTTON_LABEL', 'OIDC_EMPLOYEE_ID_CLAIM'] as const;

/** SSO is off when every OIDC_ variable is unset; setting some but not all is a mistake worth stopping for. */
function oidcConfig(env: Environment): OidcConfig | undefined {
  const { OIDC_ISSUER_URL: issuerUrl, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_BUTTON_LABEL: label } = env;
  const claim = env.OIDC_EMPLOYEE_ID_CLAIM;
  if (issuerUrl && clientId && clientSecret) {
    return { issuerUrl, clientId, clientSecret, buttonLabel: label ?? DEFAULT_SSO_LABEL, ...(claim ? { employeeIdClaim: claim } : {}) };
  }
  const set = OIDC_VARIABLES.filter((name) => env[name] !== undefined);
  if (set.length === 0) return undefined;
  const missing = OIDC_REQUIRED.find((name) => env[name] === undefined) ?? 'OIDC_ISSUER_URL';
  throw new ConfigError(
    missing,
    `Configuration error: ${missing} must be set to turn on single sign-on (${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set; unset every OIDC_ variable to turn it off)`,
  );
}
