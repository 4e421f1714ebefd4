using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FacePortal.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class ActivityUndo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Undo",
                table: "Activity",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UndoneBy",
                table: "Activity",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Undo",
                table: "Activity");

            migrationBuilder.DropColumn(
                name: "UndoneBy",
                table: "Activity");
        }
    }
}
