import ClassifyCommand

ClassifyCommand.main()
