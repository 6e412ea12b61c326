import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHolidayCalendar } from '../../../src/calendar/bank-holidays.js';
import { agencyContributionsOf } from '../../../src/information/information.contributions.js';
import { informationModels } from '../../../src/information/information.model.js';
import { informationChaseSource, returnArrivedSource } from '../../../src/information/information.sources.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { CHILD_NAME, expectNoChildDetails, openCase, smtpEnv } from '../reminders/reminder-support.js';
import { type SmtpCapture, startSmtpCapture } from '../reminders/smtp-capture.js';
import { messageWorkerFor } from '../messages/message-support.js';

// Information requests and returns through the API. By hand: the case's LA became aware on Monday
// 3 March 2025, so the agency-returns clock (10 working days) is due Monday 17 March; with the
// 3-working-day window the school's unanswered request is due soon from Wednesday 12 March
// (13, 14, 17 left) and overdue from Tuesday 18 March.
const clock = fixedClock('2025-03-03T10:00:00Z');
const BU = 'north-business-unit';
let api: ApiTestContext;
let smtp: SmtpCapture;
let caseId: string;
let caseVersion: number;
let policeRequest: string;
let schoolRequest: string;

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

async function requestCount(): Promise<number> {
  return informationModels(api.database.connection).InformationRequest.countDocuments({});
}

function worker(id: string) {
  const connection = api.database.connection;
  return messageWorkerFor(api, clock, smtpEnv(smtp.port), id, [
    informationChaseSource(connection, defaultHolidayCalendar, async () => 3),
    returnArrivedSource(connection),
  ]);
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { REMINDER_INTERVAL_MS: '0' } });
  smtp = await startSmtpCapture();
  ({ id: caseId, version: caseVersion } = await openCase(api, BU, '2025-03-03'));
});

afterAll(async () => {
  await smtp?.stop();
  await api?.close();
});

describe('the partnership template', () => {
  it('starts from the defaults, refuses bad input with nothing written, and saves an edit', async () => {
    const initial = await api.call('GET', '/api/information/template', { as: BU });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ version: 0, custom: false, share: { ageBands: true, incidentOn: true, awarenessDates: false } });
    expect(initial.body.questions.chronology).toHaveLength(1);
    expect((await api.call('GET', '/api/information/template', { as: 'north-agency-police' })).status).toBe(403);

    const edited = {
      ...initial.body,
      questions: { ...initial.body.questions, summary: ['Synthetic: what did your agency do?'] },
      share: { ageBands: true, incidentOn: true, awarenessDates: true },
    };
    delete edited.version;
    delete edited.custom;
    const bad = await api.call('PUT', '/api/information/template', {
      as: BU,
      body: { ...edited, questions: { ...edited.questions, learning: [] } },
      headers: ifMatch(0),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.call('PUT', '/api/information/template', { as: BU, body: edited })).status).toBe(428);
    expect((await api.call('GET', '/api/information/template', { as: BU })).body.version).toBe(0);

    const saved = await api.call('PUT', '/api/information/template', { as: BU, body: edited, headers: ifMatch(0) });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, custom: true });
    expect((await api.call('PUT', '/api/information/template', { as: BU, body: edited, headers: ifMatch(0) })).status).toBe(412);
  });
});

describe('asking agencies', () => {
  it('pre-fills the agencies ticked at opening', async () => {
    const info = await api.call('GET', `/api/cases/${caseId}/information`, { as: BU });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      requests: [],
      missing: [],
      suggestedAgencies: [{ id: 'north-police', name: 'Constabulary (synthetic)' }],
    });
  });

  it('refuses bad requests with nothing written', async () => {
    const bodies = [
      { agencies: [] },
      { agencies: ['north-nowhere'] },
      { agencies: ['north-police', 'north-police'] },
      { agencies: ['north-police'], dueOn: '17/03/2025' },
      { agencies: ['north-police'], extra: 1 },
    ];
    for (const body of bodies) {
      const refused = await api.call('POST', `/api/cases/${caseId}/information-requests`, { as: BU, body, headers: ifMatch(caseVersion) });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(
      (await api.call('POST', `/api/cases/${caseId}/information-requests`, { as: BU, body: { agencies: ['north-police'] } })).status,
    ).toBe(428);
    expect(
      (
        await api.call('POST', `/api/cases/${caseId}/information-requests`, {
          as: 'north-agency-police',
          body: { agencies: ['north-police'] },
          headers: ifMatch(caseVersion),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.call('POST', `/api/cases/${caseId}/information-requests`, {
          as: 'south-business-unit',
          body: { agencies: ['south-police'] },
          headers: ifMatch(caseVersion),
        })
      ).status,
    ).toBe(404);
    expect(await requestCount()).toBe(0);
    expect((await api.call('GET', `/api/cases/${caseId}`, { as: BU })).body.version).toBe(caseVersion);
  });

  it('asks the police and the school with the template questions and the shared context only', async () => {
    clock.set('2025-03-04T09:00:00Z');
    const asked = await api.call('POST', `/api/cases/${caseId}/information-requests`, {
      as: BU,
      body: { agencies: ['north-police', 'north-school'] },
      headers: { ...ifMatch(caseVersion), 'Idempotency-Key': 'ask-1' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.requests.map((request: { organisation: { id: string } }) => request.organisation.id)).toEqual([
      'north-police',
      'north-school',
    ]);
    expect(asked.body.missing.map((agency: { id: string }) => agency.id)).toEqual(['north-police', 'north-school']);
    expect(asked.body.suggestedAgencies).toEqual([]);
    const [police, school] = asked.body.requests;
    expect(police).toMatchObject({
      requestedOn: '2025-03-04',
      dueOn: '2025-03-17',
      status: 'not-started',
      version: 1,
      revision: 1,
      answer: null,
    });
    expect(police.questions.summary).toEqual(['Synthetic: what did your agency do?']);
    expect(police.context).toEqual({ ageBands: ['1-4'], incidentOn: '2025-03-03', laAwareOn: '2025-03-03', partnersAwareOn: '2025-03-03' });
    policeRequest = police.id;
    schoolRequest = school.id;
    // A retry with the same key answers with the first result and asks nobody twice.
    const retry = await api.call('POST', `/api/cases/${caseId}/information-requests`, {
      as: BU,
      body: { agencies: ['north-police', 'north-school'] },
      headers: { ...ifMatch(caseVersion), 'Idempotency-Key': 'ask-1' },
    });
    expect(retry.status).toBe(200);
    expect(await requestCount()).toBe(2);
  });
});

describe('an agency answers', () => {
  it('sees its own request and nothing of other agencies or the child', async () => {
    const mine = await api.call('GET', '/api/information-requests', { as: 'north-agency-police' });
    expect(mine.body.items.map((item: { id: string }) => item.id)).toEqual([policeRequest]);
    const view = await api.call('GET', `/api/information-requests/${policeRequest}`, { as: 'north-agency-police' });
    expect(view.status).toBe(200);
    expect(view.headers.get('etag')).toBe('"1"');
    const text = JSON.stringify(view.body);
    expectNoChildDetails(text);
    expect(text).not.toContain('school');
    expect(text).not.toContain('Riverside');
    expect((await api.call('GET', `/api/information-requests/${schoolRequest}`, { as: 'north-agency-police' })).status).toBe(404);
    expect((await api.call('GET', `/api/information-requests/${policeRequest}`, { as: 'south-agency-police' })).status).toBe(404);
    expect((await api.call('GET', `/api/information-requests/not-an-id`, { as: 'north-agency-police' })).status).toBe(400);
  });

  it('saves a draft (bad input refused with nothing written) that the business unit cannot read yet', async () => {
    const draft = {
      summary: 'Synthetic summary of police involvement.',
      chronology: [{ on: '2025-02-01', contact: 'Synthetic: a welfare visit.' }],
      analysis: '',
      learning: '',
    };
    for (const body of [
      { ...draft, chronology: [{ on: '1 Feb', contact: 'x' }] },
      { ...draft, documentIds: ['../etc/passwd'] },
      { ...draft, name: CHILD_NAME },
      'text',
    ]) {
      const refused = await api.call('PUT', `/api/information-requests/${policeRequest}/return`, {
        as: 'north-agency-police',
        body,
        headers: ifMatch(1),
      });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect(
      (await api.call('PUT', `/api/information-requests/${policeRequest}/return`, { as: 'north-agency-police', body: draft })).status,
    ).toBe(428);
    expect(
      (
        await api.call('PUT', `/api/information-requests/${policeRequest}/return`, {
          as: 'north-agency-school',
          body: draft,
          headers: ifMatch(1),
        })
      ).status,
    ).toBe(404);
    expect(
      (await api.call('PUT', `/api/information-requests/${policeRequest}/return`, { as: BU, body: draft, headers: ifMatch(1) })).status,
    ).toBe(403);
    const stored = await informationModels(api.database.connection).InformationRequest.findOne({ _id: policeRequest }).lean();
    expect(stored).toMatchObject({ revision: 1, status: 'not-started', answer: null });

    const saved = await api.call('PUT', `/api/information-requests/${policeRequest}/return`, {
      as: 'north-agency-police',
      body: draft,
      headers: ifMatch(1),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ status: 'draft', revision: 2, answer: { ...draft, documentIds: [] } });
    const staff = await api.call('GET', `/api/cases/${caseId}/information`, { as: BU });
    expect(staff.body.requests[0]).toMatchObject({ status: 'draft', answer: null });
  });

  it('submits: read-only afterwards, recorded on the case once, seen by the business unit beside what is missing', async () => {
    clock.set('2025-03-10T11:00:00Z');
    expect(
      (
        await api.call('POST', `/api/information-requests/${policeRequest}/return/submit`, {
          as: 'north-agency-police',
          headers: ifMatch(1),
        })
      ).status,
    ).toBe(412);
    const submitted = await api.call('POST', `/api/information-requests/${policeRequest}/return/submit`, {
      as: 'north-agency-police',
      headers: ifMatch(2),
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedOn: '2025-03-10', version: 1, revision: 3 });
    const again = await api.call('PUT', `/api/information-requests/${policeRequest}/return`, {
      as: 'north-agency-police',
      body: { summary: 'x', chronology: [], analysis: '', learning: '' },
      headers: ifMatch(3),
    });
    expect(again.status).toBe(422);
    expect(again.body.rule).toBe('return-submitted');

    const history = await api.call('GET', `/api/cases/${caseId}/history`, { as: BU });
    const returned = history.body.items.filter((item: { type: string }) => item.type === 'agency-information.returned');
    expect(returned).toHaveLength(1);

    const staff = await api.call('GET', `/api/cases/${caseId}/information`, { as: BU });
    expect(staff.body.requests[0]).toMatchObject({ status: 'submitted', answer: { summary: 'Synthetic summary of police involvement.' } });
    expect(staff.body.missing).toEqual([{ id: 'north-school', name: 'Riverside Academy (synthetic)', dueOn: '2025-03-17' }]);
    expect((await api.call('GET', `/api/cases/${caseId}/information`, { as: 'north-agency-police' })).status).toBe(403);
  });

  it('is reopened by the business unit as version 2, the first version kept, and not recorded on the case twice', async () => {
    expect(
      (
        await api.call('POST', `/api/information-requests/${policeRequest}/return/reopen`, {
          as: 'north-agency-police',
          headers: ifMatch(3),
        })
      ).status,
    ).toBe(403);
    const reopened = await api.call('POST', `/api/information-requests/${policeRequest}/return/reopen`, { as: BU, headers: ifMatch(3) });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'draft', version: 2, revision: 4 });
    expect(reopened.body.previousVersions).toEqual([
      { version: 1, submittedOn: '2025-03-10', answer: expect.objectContaining({ summary: 'Synthetic summary of police involvement.' }) },
    ]);
    const corrected = await api.call('PUT', `/api/information-requests/${policeRequest}/return`, {
      as: 'north-agency-police',
      body: { summary: 'Synthetic corrected summary.', chronology: [], analysis: 'A', learning: 'L' },
      headers: ifMatch(4),
    });
    expect(corrected.status).toBe(200);
    const resubmitted = await api.call('POST', `/api/information-requests/${policeRequest}/return/submit`, {
      as: 'north-agency-police',
      headers: ifMatch(5),
    });
    expect(resubmitted.body).toMatchObject({ status: 'submitted', version: 2 });
    const history = await api.call('GET', `/api/cases/${caseId}/history`, { as: BU });
    expect(history.body.items.filter((item: { type: string }) => item.type === 'agency-information.returned')).toHaveLength(1);
  });
});

describe('e-mails and the chase, through the message outbox', () => {
  it('tells the business unit of each submitted version once, and chases only the school, once per threshold', async () => {
    const first = worker('info-a');
    // 11:00 on the 10th: the requests (made on the 4th) are before this first pass's window, so
    // only the returns submitted today are told (v1 and v2); nothing is chased yet (17th is 5 working days away).
    const figures = await first.runOnce(new Date('2025-03-10T11:05:00Z'));
    expect(figures.planned).toBe(2);
    expect(smtp.messages.map((message) => message.headers.get('subject'))).toEqual(
      expect.arrayContaining([`Information returned: ${(await api.call('GET', `/api/cases/${caseId}`, { as: BU })).body.reference}`]),
    );
    expect(smtp.messages.every((message) => message.recipients.join() === 'business-unit@north.example.org')).toBe(true);
    const count = smtp.messages.length;
    expect(count).toBe(2);

    clock.set('2025-03-12T08:00:00Z');
    await first.runOnce(new Date('2025-03-12T08:00:00Z'));
    await worker('info-b').runOnce(new Date('2025-03-12T08:00:01Z'));
    const chases = smtp.messages.slice(count);
    expect(chases).toHaveLength(1);
    expect(chases[0]!.recipients).toEqual(['agency-school@north.example.org']);
    expect(chases[0]!.headers.get('subject')).toMatch(/^Due soon: information request NTH-2025-\d{4} \(due 17 Mar 2025\)$/);
    expect(chases[0]!.body).toContain(`/information/requests/${schoolRequest}`);

    clock.set('2025-03-18T08:00:00Z');
    await first.runOnce(new Date('2025-03-18T08:00:00Z'));
    await first.runOnce(new Date('2025-03-19T08:00:00Z'));
    await first.stop();
    const overdue = smtp.messages.slice(count + 1);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.headers.get('subject')).toMatch(/^Overdue: information request/);
    for (const message of smtp.messages) expectNoChildDetails(message.raw);
  });
});

describe('a return the lifecycle no longer waits for', () => {
  it('is still taken from the agency when the business unit already ticked it returned, and not recorded twice', async () => {
    clock.set('2025-03-19T10:00:00Z');
    const current = await api.call('GET', `/api/cases/${caseId}`, { as: BU });
    const ticked = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: BU,
      body: { type: 'agency-information.returned', agency: 'north-school', returnedOn: '2025-03-18' },
      headers: ifMatch(current.body.version),
    });
    expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
    const saved = await api.call('PUT', `/api/information-requests/${schoolRequest}/return`, {
      as: 'north-agency-school',
      body: { summary: 'Synthetic school summary.', chronology: [], analysis: '', learning: '' },
      headers: ifMatch(1),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const submitted = await api.call('POST', `/api/information-requests/${schoolRequest}/return/submit`, {
      as: 'north-agency-school',
      headers: ifMatch(saved.body.revision),
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedOn: '2025-03-19' });
    const history = await api.call('GET', `/api/cases/${caseId}/history`, { as: BU });
    const returned = history.body.items.filter((item: { type: string }) => item.type === 'agency-information.returned');
    expect(returned.map((item: { fields: { agency: string } }) => item.fields.agency)).toEqual(['north-police', 'north-school']);
    const info = await api.call('GET', `/api/cases/${caseId}/information`, { as: BU });
    expect(info.body.missing).toEqual([]);
  });

  it('gives the rapid review report each agency its latest submitted summary, and nothing across partnerships', async () => {
    const contributions = agencyContributionsOf(api.database.connection);
    expect(await contributions('north', caseId)).toEqual([
      { organisationName: 'Constabulary (synthetic)', summary: 'Synthetic corrected summary.' },
      { organisationName: 'Riverside Academy (synthetic)', summary: 'Synthetic school summary.' },
    ]);
    expect(await contributions('south', caseId)).toEqual([]);
  });
});
