"""Webhooks: a partner system's HTTPS endpoint is told, signed (api/signing.py), when the front
door decides the outcome of a concern it sent or a family its organisation works with gets a
new lead practitioner; each delivery is sent and retried with back-off by the task worker,
logged with the responses, and replayable by an administrator."""
