import sys

from automation_admin.gui.cli import main

sys.exit(main())
