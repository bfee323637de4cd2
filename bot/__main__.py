"""``python -m bot``: run the Telegram bot with settings from the environment or ``.env``."""

import sys

from bot.app import main

sys.exit(main())
