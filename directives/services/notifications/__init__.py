"""Notifications: in the app, by email and by group-chat robot (webhook), in five parts by job.

- ``recipients``: who receives a unit's or the office's notifications;
- ``storage``: the rows, written exactly once (``notifications_send_many``),
  and marked read;
- ``channels``: how a notification leaves the app (webhook payloads and POST,
  e-mail);
- ``deliveries``: queuing, claiming, retrying and recording each delivery;
- ``texts``: what each workflow move says, and to whom.

Each notification row carries an idempotency key — kind, subject, day and
recipient — that the database keeps unique. Rows are written with
``INSERT … ON CONFLICT DO NOTHING RETURNING``: the database itself is the
compare-and-set, so a job that runs twice, is retried after a crash or runs on
two workers at once creates each notification once, and only the run whose
insert created a row creates that row's deliveries.

A unit's notifications go to its active clerks and heads (one row each, shown in
the app and emailed to those with an address) and, when the unit has robots, to
one extra row without a recipient that carries the webhook deliveries. The
office's go to office members (and superusers) and to the office robots.

Deliveries are sent by the worker (``directives.deliveries_send``); each attempt
is claimed by compare-and-set on the attempt counter, so two workers never send
the same attempt, and a failed webhook is tried again after a doubling delay
until ``DUBAN_WEBHOOK_MAX_ATTEMPTS``, then recorded as failed.
"""
