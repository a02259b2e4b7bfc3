import { createRoute, z } from '@hono/zod-openapi';
import { pageErrors, pageOf, pageQuery } from '../../pagination.js';
import { adminErrors, errorResponse } from '../../schemas.js';

export const EventDeliverySchema = z
  .object({
    endpoint: z.string(),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().openapi({ description: 'HTTP status of the last answer; null if none' }),
    lastError: z.string().nullable(),
    lastAttemptAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
  })
  .openapi('EventDelivery');

export const OutgoingEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    subscriptionId: z.string().nullable(),
    sequence: z.number().int().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().nullable().openapi({ description: 'When every endpoint had acknowledged it' }),
    attempts: z.number().int().openapi({ description: 'Attempts over all endpoints' }),
    lastError: z.string().nullable(),
    deliveries: z.array(EventDeliverySchema).openapi({ description: 'One per endpoint it was handed to' }),
  })
  .openapi('OutgoingEvent', {
    example: {
      id: 'evt_sub_3f1c2a9e_1_2',
      type: 'entitlement.granted',
      subscriptionId: 'sub_3f1c2a9e',
      sequence: 3,
      data: { subscriptionId: 'sub_3f1c2a9e', userId: 'user-42', planId: 'monthly', role: 'subscriber' },
      createdAt: '2026-12-01T10:00:00.000Z',
      deliveredAt: '2026-12-01T10:00:01.000Z',
      attempts: 1,
      lastError: null,
      deliveries: [
        {
          endpoint: 'https://auth.movix.example/billing-events',
          attempts: 1,
          lastStatus: 200,
          lastError: null,
          lastAttemptAt: '2026-12-01T10:00:01.000Z',
          deliveredAt: '2026-12-01T10:00:01.000Z',
        },
      ],
    },
  });

const admin = [{ bearerAuth: [] }];

export const listEvents = createRoute({
  operationId: 'listEvents',
  method: 'get',
  path: '/v1/admin/events',
  tags: ['Admin'],
  summary: 'Outgoing events with their delivery attempts, newest first',
  security: admin,
  request: {
    query: z.object({
      delivered: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional()
        .openapi({ description: '`false`: only events some endpoint has not acknowledged yet' }),
      subscriptionId: z.string().min(1).optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: 'Events, newest first',
      content: { 'application/json': { schema: pageOf(OutgoingEventSchema).openapi('OutgoingEventList') } },
    },
    ...adminErrors,
    ...pageErrors,
  },
});

export const redeliverEvent = createRoute({
  operationId: 'redeliverEvent',
  method: 'post',
  path: '/v1/admin/events/{id}/redeliver',
  tags: ['Admin'],
  summary: 'Deliver an event again to every endpoint, with the same id',
  description:
    "Marks the event undelivered for every endpoint and starts its subscription's delivery workflow (if it is " +
    'running, it picks the event up). Receivers deduplicate by id and order by `sequence`.',
  security: admin,
  request: {
    params: z.object({ id: z.string().min(1) }),
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .object({
              reason: z
                .string()
                .trim()
                .min(1)
                .max(500)
                .optional()
                .openapi({ description: 'Why; kept in the audit log' }),
            })
            .strict()
            .openapi('EventRedelivery', { example: { reason: 'receiver restored its database' } }),
        },
      },
    },
  },
  responses: {
    202: {
      description: 'The event is queued for delivery',
      content: {
        'application/json': {
          schema: z
            .object({
              eventId: z.string(),
              workflowIds: z.array(z.string()).openapi({ description: 'One delivery workflow per endpoint' }),
            })
            .openapi('EventRedeliveryQueued'),
        },
      },
    },
    ...adminErrors,
    404: errorResponse('`event_not_found`'),
    409: errorResponse('`event_delivery_disabled`: `EVENTS_URL` is empty'),
  },
});
