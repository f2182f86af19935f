package dev.ferry.plan;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The plan file has one or more problems; all of them are listed, each with its file:line:column. */
public class PlanInvalidException extends FerryException {
    private final transient List<Problem> problems;

    public PlanInvalidException(Path file, List<Problem> problems) {
        super(ErrorCode.INVALID_INPUT, render(file, problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(Path file, List<Problem> problems) {
        String list = problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return list + "\n" + count + " in the plan; fix the plan and run `ferry validate " + file + "` again";
    }
}
