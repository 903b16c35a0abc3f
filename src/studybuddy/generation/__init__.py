"""Study material from a StudyDocument: MCQs, mnemonics, a cheat sheet and notes, by one of three engines."""
