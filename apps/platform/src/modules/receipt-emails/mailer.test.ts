import { describe, expect, it } from 'vitest';
import { classifyMailError, smtpSecrets } from './mailer.ts';

describe('classifyMailError', () => {
  it('calls a 5xx refusal permanent and a dropped connection transient', () => {
    const refused = Object.assign(new Error('Can not send mail'), {
      code: 'EENVELOPE',
      response: '550 5.1.1 No such user here',
      responseCode: 550,
      permanent: true,
    });
    expect(classifyMailError(refused)).toEqual({
      permanent: true,
      reason: '550 5.1.1 No such user here',
    });
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), {
      code: 'ESOCKET',
    });
    expect(classifyMailError(down)).toEqual({
      permanent: false,
      reason: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:2525',
    });
  });

  it('scrubs the SMTP credentials out of a reason', () => {
    const secrets = smtpSecrets('smtps://mailer:p%40ss-word@mail.example:465');
    const error = Object.assign(new Error('Invalid login for mailer with p@ss-word'), {
      code: 'EAUTH',
    });
    const { reason } = classifyMailError(error, secrets);
    expect(reason).not.toContain('p@ss-word');
    expect(reason).not.toContain('mailer');
  });
});
