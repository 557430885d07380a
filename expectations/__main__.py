from expectations.runner import main

raise SystemExit(main())
