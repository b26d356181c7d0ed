// oidc-provider ships no type declarations; the tests use a small part of it through its own checks.
declare module 'oidc-provider';
