import { describe, expect, it } from 'vitest';
import { DicomwebClient, DicomwebError } from './client';
import { describeFailures, stowRequest, storeResultOf } from './stow';

const decoder = new TextDecoder('latin1');
const bytes = (...values: number[]) => new Uint8Array(values);

interface Sent {
  url: string;
  init: RequestInit;
}

function clientAnswering(status: number, body: unknown, options: { csrf?: string } = {}) {
  const sent: Sent[] = [];
  const client = new DicomwebClient({
    baseUrl: '/dicomweb',
    csrfToken: () => options.csrf,
    fetch: (url, init) => {
      sent.push({ url: String(url), init: init ?? {} });
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return Promise.resolve(new Response(text, { status, headers: { 'Content-Type': 'application/json' } }));
    },
  });
  return { client, sent };
}

const STORED = {
  '00081199': {
    vr: 'SQ',
    Value: [
      { '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.22'] }, '00081155': { vr: 'UI', Value: ['9.1'] } },
    ],
  },
};

describe('STOW-RS body', () => {
  it('frames each file as an application/dicom part, byte for byte', () => {
    const { contentType, body } = stowRequest([bytes(1, 2, 3), bytes(0x0d, 0x0a)], 'B0UND');
    expect(contentType).toBe('multipart/related; type="application/dicom"; boundary=B0UND');
    const expected = [
      '--B0UND\r\nContent-Type: application/dicom\r\n\r\n',
      '\x01\x02\x03',
      '\r\n--B0UND\r\nContent-Type: application/dicom\r\n\r\n',
      '\r\n',
      '\r\n--B0UND--\r\n',
    ].join('');
    expect(decoder.decode(body)).toBe(expected);
  });
});

describe('DicomwebClient.store', () => {
  it('posts into the study with the CSRF token and returns what was stored', async () => {
    const { client, sent } = clientAnswering(200, STORED, { csrf: 'tok' });
    const result = await client.store('1.2.3', [bytes(7)]);
    expect(result.stored).toEqual([
      { sopClassUID: '1.2.840.10008.5.1.4.1.1.88.22', sopInstanceUID: '9.1', retrieveURL: undefined },
    ]);
    const [request] = sent;
    expect(request?.url).toBe('/dicomweb/studies/1.2.3');
    expect(request?.init.method).toBe('POST');
    const headers = request?.init.headers as Record<string, string>;
    expect(headers['X-CSRF-Token']).toBe('tok');
    const boundary = /boundary=(\S+)$/.exec(headers['Content-Type']!)?.[1];
    expect(boundary).toBeTruthy();
    expect(decoder.decode(request?.init.body as Uint8Array)).toBe(
      `--${boundary}\r\nContent-Type: application/dicom\r\n\r\n\x07\r\n--${boundary}--\r\n`,
    );
  });

  it('posts to /studies without a study and sends no CSRF header without a token', async () => {
    const { client, sent } = clientAnswering(200, STORED);
    await client.store(undefined, [bytes(1)]);
    expect(sent[0]?.url).toBe('/dicomweb/studies');
    expect(sent[0]?.init.headers).not.toHaveProperty('X-CSRF-Token');
  });

  it("throws the gateway's refusal as it words it (403)", async () => {
    const { client } = clientAnswering(403, {
      error: 'REPLY_NOT_ALLOWED',
      message: 'This share does not allow replies',
    });
    const error = await client.store('1.2.3', [bytes(1)]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DicomwebError);
    expect(error).toMatchObject({
      status: 403,
      code: 'REPLY_NOT_ALLOWED',
      message: 'This share does not allow replies',
    });
  });

  it("throws the gateway's refusal on 409 (an existing instance)", async () => {
    const { client } = clientAnswering(409, { error: 'INSTANCE_EXISTS', message: 'Instance 9.1 is stored already' });
    await expect(client.store('1.2.3', [bytes(1)])).rejects.toMatchObject({
      status: 409,
      code: 'INSTANCE_EXISTS',
      message: 'Instance 9.1 is stored already',
    });
  });

  it('names the instances a partial store (202) left out', async () => {
    const partial = {
      ...STORED,
      '00081198': {
        vr: 'SQ',
        Value: [
          {
            '00081155': { vr: 'UI', Value: ['9.2'] },
            '00081197': { vr: 'US', Value: [0xa900] },
            '00000902': { vr: 'LO', Value: ['Data Set does not match SOP Class'] },
          },
        ],
      },
    };
    const { client } = clientAnswering(202, partial);
    await expect(client.store('1.2.3', [bytes(1), bytes(2)])).rejects.toMatchObject({
      status: 202,
      code: 'PARTIALLY_STORED',
      message: 'The archive did not store instance 9.2 (Data Set does not match SOP Class)',
    });
  });

  it('reports an archive that stored nothing (409 Store Instances Response)', async () => {
    const { client } = clientAnswering(409, {
      '00081198': {
        vr: 'SQ',
        Value: [{ '00081155': { vr: 'UI', Value: ['9.3'] }, '00081197': { vr: 'US', Value: [272] } }],
      },
    });
    await expect(client.store('1.2.3', [bytes(1)])).rejects.toMatchObject({
      code: 'NOT_STORED',
      message: 'The archive did not store instance 9.3 (failure reason 0x110)',
    });
  });
});

describe('Store Instances Response', () => {
  it('reads stored and failed items', () => {
    expect(storeResultOf({})).toEqual({ stored: [], failed: [] });
    expect(describeFailures([{ sopInstanceUID: '1' }, { sopInstanceUID: '2' }])).toBe(
      'The archive did not store instances 1; 2',
    );
  });
});
