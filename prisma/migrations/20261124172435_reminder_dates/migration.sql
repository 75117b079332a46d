-- CreateIndex
CREATE INDEX "reminders_on_date_idx" ON "reminders"("on_date");
