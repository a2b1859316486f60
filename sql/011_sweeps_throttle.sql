-- 011_sweeps_throttle.sql: sign-in failures counted by address as well as by email, and the
-- import uploads the job runner removes after they were left unused

-- Failed sign-ins from one address, whatever the emails, within the window.
ALTER TABLE signin_failures ADD KEY signin_failures_ip (ip, created_at);

-- An upload whose import was never started: its file is removed after Import.AbandonHours
-- and the import says so ("expired"). Found by state and last change.
ALTER TABLE imports
  MODIFY state ENUM('uploaded', 'mapped', 'running', 'done', 'failed', 'expired') NOT NULL
    DEFAULT 'uploaded',
  ADD KEY imports_waiting (state, updated_at);
