import { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { createValidationPipe, ProblemFilter, ROLES } from '@equip/server/http';
import type { RosterImportResult } from '@equip/shared/contracts';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { CohortMembershipService } from '@equip/server/cohorts';
import { APP_CONFIG } from '@equip/server/config';
import { testConfig } from '@equip/server/testing';
import { RosterController } from './roster.controller';
import { RosterImportOptions, RosterService } from './roster.service';

const ok: RosterImportResult = {
  dryRun: true,
  applied: false,
  rows: 1,
  problems: [],
  added: [{ employeeId: 'E1', name: 'Ana Diaz' }],
  changed: [],
  deactivated: [],
  reactivated: [],
  unchanged: 0,
};

describe('RosterController', () => {
  let app: INestApplication;
  const importRoster = jest.fn<Promise<{ result: RosterImportResult; staffToReevaluate: string[]; addedStaffIds: string[] }>, [AsyncIterable<Uint8Array | string>, RosterImportOptions]>();
  const reevaluate = jest.fn(async (_ids: string[]) => ({ cohorts: 0, joined: 0, left: 0 }));

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [RosterController],
      providers: [
        { provide: RosterService, useValue: { importRoster } },
        { provide: CohortMembershipService, useValue: { reevaluate } },
        { provide: APP_CONFIG, useValue: testConfig() },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    // What the global JwtAuthGuard leaves on the request for a signed-in administrator.
    app.use((req: Request & { user?: unknown }, _res: Response, next: NextFunction) => {
      req.user = { id: 'admin-id', roles: ['learner', 'rase_admin'] };
      next();
    });
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new ProblemFilter());
    await app.init();
  });

  afterAll(() => app.close());
  beforeEach(() => {
    importRoster.mockReset();
  });

  const post = (query = '?dryRun=true') => request(app.getHttpServer()).post(`/roster/imports${query}`);

  it('is for RASE administrators only', () => {
    expect(new Reflector().get(ROLES, RosterController.prototype.importRoster)).toEqual(['rase_admin']);
  });

  it('streams the upload to the service and answers 200 with the result', async () => {
    importRoster.mockImplementation(async (file, options) => {
      let text = '';
      for await (const chunk of file) text += Buffer.from(chunk).toString();
      expect(text).toBe('employee_id\nE1\n');
      expect(options).toEqual({
        dryRun: true,
        actorId: 'admin-id',
        via: 'upload',
        fileName: 'roster.csv',
        // sha256 of the bytes uploaded, for the import's record
        sha256: createHash('sha256').update('employee_id\nE1\n').digest('hex'),
        mode: 'full',
        confirmDeactivate: undefined,
      });
      return { result: ok, staffToReevaluate: [], addedStaffIds: [] };
    });
    const res = await post().attach('file', Buffer.from('employee_id\nE1\n'), { filename: 'roster.csv', contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(ok);
  });

  it('imports for real only with dryRun=false', async () => {
    importRoster.mockResolvedValue({ result: { ...ok, dryRun: false, applied: true }, staffToReevaluate: [], addedStaffIds: [] });
    const res = await post('?dryRun=false').attach('file', Buffer.from('x\n'), 'roster.csv');
    expect(res.status).toBe(200);
    expect(importRoster.mock.calls[0][1].dryRun).toBe(false);
  });

  it('answers 422 with problem details that carry the whole result', async () => {
    const problems = [
      { line: 1, column: null, message: 'the header has unknown 1 column: notes.' },
      { line: 3, column: 'email' as const, message: '"x" is not an email address.' },
    ];
    importRoster.mockResolvedValue({ result: { ...ok, added: [], problems }, staffToReevaluate: [], addedStaffIds: [] });
    const res = await post().attach('file', Buffer.from('x\n'), 'roster.csv');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.text)).toEqual({
      type: 'https://equip.dev/problems/422',
      title: 'Unprocessable',
      status: 422,
      detail: 'The roster has 2 problems; nothing was imported.',
      instance: '/roster/imports?dryRun=true',
      errors: [
        { field: 'line 1', message: 'the header has unknown 1 column: notes.' },
        { field: 'line 3, email', message: '"x" is not an email address.' },
      ],
      ...ok,
      added: [],
      problems,
    });
  });

  it('names the field when the file is missing or not CSV', async () => {
    const missing = await post().field('other', 'x');
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('file is required') }]);

    const workbook = await post().attach('file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'roster.xlsx');
    expect(workbook.status).toBe(400);
    expect(workbook.body.errors[0]).toEqual({ field: 'file', message: expect.stringContaining('Excel workbook') });

    const json = await post().send({ file: 'employee_id' });
    expect(json.status).toBe(400);
    expect(json.body.errors[0].field).toBe('file');
    expect(importRoster).not.toHaveBeenCalled();
  });

  it('names dryRun when it is missing or not true/false', async () => {
    for (const query of ['', '?dryRun=yes']) {
      const res = await post(query).attach('file', Buffer.from('x\n'), 'roster.csv');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'dryRun', message: 'dryRun must be true or false' }]);
    }
  });

  it('names mode and confirmDeactivate when they are not what the api takes, before any import', async () => {
    const cases: [string, string, string][] = [
      ['?dryRun=true&mode=partial', 'mode', 'mode must be full or changes-only'],
      ['?dryRun=false&confirmDeactivate=-1', 'confirmDeactivate', 'confirmDeactivate must be at least 0'],
      ['?dryRun=false&confirmDeactivate=12.5', 'confirmDeactivate', 'confirmDeactivate must be a whole number'],
      ['?dryRun=false&confirmDeactivate=1e3', 'confirmDeactivate', 'confirmDeactivate must be a whole number'],
    ];
    for (const [query, field, message] of cases) {
      const res = await post(query).attach('file', Buffer.from('x\n'), 'roster.csv');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field, message }]);
    }
    expect(importRoster).not.toHaveBeenCalled();
  });

  it('passes a changes-only import and the typed number to the service', async () => {
    importRoster.mockResolvedValue({ result: { ...ok, dryRun: false, applied: true }, staffToReevaluate: [], addedStaffIds: [] });
    const res = await post('?dryRun=false&mode=changes-only&confirmDeactivate=133').attach('file', Buffer.from('x\n'), 'roster.csv');
    expect(res.status).toBe(200);
    expect(importRoster.mock.calls[0][1]).toMatchObject({ mode: 'changes-only', confirmDeactivate: 133 });
  });

  it('answers 422 naming confirmDeactivate when the import was refused for want of the typed number', async () => {
    const problems = [{ line: 0, column: null, message: 'This import would deactivate 133 people, more than 50; confirm by typing 133 (confirmDeactivate=133).' }];
    const confirmation = { required: true, deactivate: 133, threshold: 50, confirmed: false, refused: true };
    importRoster.mockResolvedValue({ result: { ...ok, dryRun: false, problems, confirmation }, staffToReevaluate: [], addedStaffIds: [] });
    const res = await post('?dryRun=false').attach('file', Buffer.from('x\n'), 'roster.csv');
    expect(res.status).toBe(422);
    const body = JSON.parse(res.text);
    expect(body.detail).toBe('The import needs the number of people it deactivates confirmed; nothing was imported.');
    expect(body.errors).toEqual([{ field: 'confirmDeactivate', message: problems[0].message }]);
  });

  it('names the file for a problem with no line (an administrator the file leaves out)', async () => {
    const problems = [{ line: 0, column: null, message: 'This file leaves you out (Ana Diaz, employee E1), so it would deactivate you.' }];
    importRoster.mockResolvedValue({ result: { ...ok, problems }, staffToReevaluate: [], addedStaffIds: [] });
    const res = await post().attach('file', Buffer.from('x\n'), 'roster.csv');
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).errors).toEqual([{ field: 'file', message: problems[0].message }]);
  });

  it('says how many staff the import invited (the import queued their invitations)', async () => {
    const invitations = { invited: 2, notSent: 0 };
    importRoster.mockResolvedValue({ result: { ...ok, dryRun: false, applied: true, invitations }, staffToReevaluate: [], addedStaffIds: ['s1', 's2'] });
    const res = await post('?dryRun=false').attach('file', Buffer.from('employee_id\n'), 'roster.csv');
    expect(res.status).toBe(200);
    expect(res.body.invitations).toEqual(invitations);
  });

  it('re-evaluates rule cohorts for the staff a real import re-placed, after it committed', async () => {
    importRoster.mockResolvedValue({ result: { ...ok, dryRun: false, applied: true }, staffToReevaluate: ['s3'], addedStaffIds: [] });
    const res = await post('?dryRun=false').attach('file', Buffer.from('employee_id\n'), 'roster.csv');
    expect(res.status).toBe(200);
    expect(reevaluate).toHaveBeenCalledWith(['s3']);
  });
});
