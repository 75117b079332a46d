-- CreateTable
CREATE TABLE "named_period_starts" (
    "period_name" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "starts_on" DATE NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "named_period_starts_pkey" PRIMARY KEY ("period_name","year")
);
