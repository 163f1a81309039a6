"""Composition: the pipeline that runs the stages in order, and the run state that makes reruns incremental."""
