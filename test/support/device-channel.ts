import { EnrollmentPayload } from './device-fixtures';

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export async function postJson<T = Record<string, unknown>>(
  url: string,
  token: string | null,
  body: unknown,
  method = 'POST',
): Promise<HttpAnswer<T>> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as T,
    headers: response.headers,
  };
}

export interface EnrolledDevice {
  id: string;
  credential: string;
  ownership: string;
  payload: EnrollmentPayload;
  sequence: number;
}

/** Enrolls and expects success. */
export async function enroll(
  baseUrl: string,
  enrollmentToken: string,
  payload: EnrollmentPayload,
): Promise<EnrolledDevice> {
  const answer = await postJson<{ deviceId: string; deviceCredential: string; ownership: string }>(
    `${baseUrl}/enrollment/v1/enroll`,
    enrollmentToken,
    payload,
  );
  if (answer.status !== 201)
    throw new Error(`enroll: ${answer.status} ${JSON.stringify(answer.body)}`);
  return {
    id: answer.body.deviceId,
    credential: answer.body.deviceCredential,
    ownership: answer.body.ownership,
    payload,
    sequence: 0,
  };
}

/** Sends the next check-in of `device` (its sequence advances only when the server accepted it). */
export async function checkIn<T = Record<string, unknown>>(
  baseUrl: string,
  device: EnrolledDevice,
  body: Record<string, unknown> = {},
): Promise<HttpAnswer<T>> {
  const sequence = (body.sequence as number | undefined) ?? device.sequence + 1;
  const answer = await postJson<T>(
    `${baseUrl}/enrollment/v1/devices/${device.id}/checkin`,
    device.credential,
    {
      ...body,
      sequence,
    },
  );
  if (answer.status === 200) device.sequence = Math.max(device.sequence, sequence);
  return answer;
}
