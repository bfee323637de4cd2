"""The Telegram adapter on top of the ``briefings`` core.

``bot.settings`` (environment), ``bot.app`` (the one Application, logging, running), ``bot.handlers``
(commands, buttons), ``bot.subscriptions`` (subscribers), ``bot.delivery`` (scheduled digests),
``bot.sources_job`` (feed polling). Run it with ``briefings bot`` or ``python -m bot``.
"""
