import OrreryCLI
OrreryCommand.main()
