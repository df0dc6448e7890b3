from modelwatch.cli import main

main()
