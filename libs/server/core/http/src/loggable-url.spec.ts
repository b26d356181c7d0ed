import { loggableUrl } from './loggable-url';

describe('loggableUrl', () => {
  it('drops every query string, and a fragment should a client send one', () => {
    expect(loggableUrl('/set-password?token=abc_DEF-123')).toBe('/set-password');
    expect(loggableUrl('/api/reports/dashboard?departmentId=1&x=%00')).toBe('/api/reports/dashboard');
    expect(loggableUrl('/set-password#token=abc')).toBe('/set-password');
    expect(loggableUrl('/?token=abc')).toBe('/');
  });

  it('keeps the password routes by name and redacts anything else under /auth/password/', () => {
    expect(loggableUrl('/api/auth/password/forgot')).toBe('/api/auth/password/forgot');
    expect(loggableUrl('/api/auth/password/set')).toBe('/api/auth/password/set');
    expect(loggableUrl('/api/auth/password/token')).toBe('/api/auth/password/token');
    expect(loggableUrl('/api/auth/password/token/abc_DEF-123')).toBe('/api/auth/password/token/[redacted]');
    expect(loggableUrl('/api/auth/password/abc_DEF-123')).toBe('/api/auth/password/[redacted]');
    expect(loggableUrl('/api/auth/password/abc/def/?token=x')).toBe('/api/auth/password/[redacted]/[redacted]/');
    expect(loggableUrl('/api/Auth/PASSWORD/token/abc_DEF-123')).toBe('/api/Auth/PASSWORD/token/[redacted]');
  });

  it('leaves other paths alone', () => {
    expect(loggableUrl('/api/staff/7d0c5bb1-3a0e-4a34-9a51-0c9a1d2f6a10')).toBe('/api/staff/7d0c5bb1-3a0e-4a34-9a51-0c9a1d2f6a10');
    expect(loggableUrl(undefined)).toBe('');
  });
});
