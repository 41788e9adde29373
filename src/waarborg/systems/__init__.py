"""Systems outside Waarborg that hold the people's data: tasks delivered as signed webhooks, and a SQL
connector that finds, exports and erases one person's rows in another database."""
